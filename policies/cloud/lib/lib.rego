# METADATA
# title: Helpers shared by the cloud policies
# description: Reads the mocked or previewed resource graph of a stack.
package cloud.lib

# Whether the stack serves production (stack config `inopsio:tier`).
production if input.stack.tier == "production"

# The stack's resources of one Pulumi type token.
resources(type) := [r | some r in input.resources; r.type == type]

# A denial: the rule's message and which resource broke it.
denial(message, resource) := {
	"msg": sprintf("%s: %s", [resource.name, message]),
	"details": {"resource": resource.name, "type": resource.type},
}
