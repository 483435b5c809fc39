# METADATA
# title: Tenant placement allowed by its edition (data residency)
# description: >-
#   A Tenant runs only on a provider and in a region its Edition allows, so customer data stays
#   where the plan promises.
# custom:
#   id: admission.placement
#   version: 1.0.0
#   severity: critical
#   controls: [A.5.31, A.5.34]
#   kinds: [Tenant]
#   rules: [provider-allowed, region-allowed]
package admission.placement

import data.admission.lib

providers(e) := {a.provider | some a in e.spec.placement.allowed}

violations contains v if {
	e := lib.tenant_edition
	provider := lib.tenant.spec.placement.provider
	not provider in providers(e)
	v := lib.violation(
		"provider-allowed",
		sprintf(
			"spec.placement.provider %s is not allowed by edition %s (allowed: %s): choose one of those providers",
			[provider, e.metadata.name, lib.allowed_text(e)],
		),
		{"provider": provider, "edition": e.metadata.name, "allowed": e.spec.placement.allowed},
	)
}

violations contains v if {
	e := lib.tenant_edition
	placement := lib.tenant.spec.placement
	placement.provider in providers(e)
	not lib.placement_allowed(e, placement)
	v := lib.violation(
		"region-allowed",
		sprintf(
			"spec.placement.region %s is not allowed by edition %s (allowed: %s): choose one of those regions",
			[placement.region, e.metadata.name, lib.allowed_text(e)],
		),
		{"provider": placement.provider, "region": placement.region, "edition": e.metadata.name, "allowed": e.spec.placement.allowed},
	)
}
