# METADATA
# title: Reserved tenant names refused
# description: >-
#   A new Tenant may not take a name the platform uses for itself (its namespace, host names and
#   realm derive from it). A name ending in * reserves a prefix.
# custom:
#   id: admission.reserved_names
#   version: 1.0.0
#   severity: high
#   controls: [A.5.15, A.8.9]
#   kinds: [Tenant]
#   rules: [name-not-reserved]
package admission.reserved_names

import data.admission.lib

reserved(name, pattern) if {
	endswith(pattern, "*")
	startswith(name, trim_suffix(pattern, "*"))
}

reserved(name, pattern) if name == pattern

violations contains v if {
	input.operation == "CREATE"
	name := lib.tenant.metadata.name
	some pattern in object.get(input, "reservedNames", [])
	reserved(name, pattern)
	v := lib.violation(
		"name-not-reserved",
		sprintf("metadata.name %s is reserved by the platform (%s): choose another tenant name", [name, pattern]),
		{"name": name, "reserved": pattern},
	)
}
