# METADATA
# title: An edition keeps the placements its tenants use
# description: >-
#   An Edition may not drop a provider or region where one of its Tenants runs: move the tenant
#   first, then narrow the edition.
# custom:
#   id: admission.edition_placement
#   version: 1.0.0
#   severity: high
#   controls: [A.8.32, A.5.31]
#   kinds: [Edition]
#   rules: [placement-in-use-kept]
package admission.edition_placement

import data.admission.lib

violations contains v if {
	e := lib.edition
	some t in input.tenants
	t.spec.edition == e.metadata.name
	not lib.placement_allowed(e, t.spec.placement)
	v := lib.violation(
		"placement-in-use-kept",
		sprintf(
			"spec.placement.allowed no longer allows %s %s, where tenant %s runs: keep it, or move the tenant first",
			[t.spec.placement.provider, t.spec.placement.region, t.metadata.name],
		),
		{"tenant": t.metadata.name, "placement": t.spec.placement},
	)
}
