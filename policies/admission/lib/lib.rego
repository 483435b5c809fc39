# METADATA
# title: Helpers shared by the admission policies
# description: Reads the object under admission and the editions and tenants it is checked against.
package admission.lib

# The Tenant under admission, when the object is one.
tenant := input.object if input.object.kind == "Tenant"

# The Edition under admission, when the object is one.
edition := input.object if input.object.kind == "Edition"

# The Edition named by the tenant under admission.
tenant_edition := e if {
	some e in input.editions
	e.metadata.name == tenant.spec.edition
}

# Which object a violation is about.
ref(obj) := {
	"apiVersion": object.get(obj, "apiVersion", ""),
	"kind": object.get(obj, "kind", ""),
	"name": object.get(obj, ["metadata", "name"], ""),
}

# A violation of `rule` by the object under admission.
violation(rule, message, details) := {
	"rule": rule,
	"message": message,
	"details": details,
	"resource": ref(input.object),
}

# What the edition allows, as "provider region, region; provider region" for messages.
allowed_text(e) := concat("; ", [sprintf("%s %s", [p.provider, concat(", ", p.regions)]) |
	some p in e.spec.placement.allowed
])

# Whether edition `e` lets a tenant run at `placement` ({provider, region}).
placement_allowed(e, placement) if {
	some a in e.spec.placement.allowed
	a.provider == placement.provider
	placement.region in a.regions
}
