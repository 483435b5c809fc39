# METADATA
# title: The tenant's edition exists
# description: A Tenant names an Edition that exists, so the operator knows what to give it.
# custom:
#   id: admission.edition_exists
#   version: 1.0.0
#   severity: high
#   controls: [A.5.9, A.8.9]
#   kinds: [Tenant]
#   rules: [edition-exists]
package admission.edition_exists

import data.admission.lib

violations contains v if {
	name := lib.tenant.spec.edition
	not lib.tenant_edition
	known := sort([e.metadata.name | some e in input.editions])
	v := lib.violation(
		"edition-exists",
		sprintf("spec.edition %s does not exist: choose one of %s", [name, concat(", ", known)]),
		{"edition": name, "editions": known},
	)
}
