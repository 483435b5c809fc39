# METADATA
# title: A domain belongs to one tenant
# description: >-
#   The gateway finds the tenant by host name, so a Tenant may not claim a domain another Tenant
#   already has: that would route one customer's users to another.
# custom:
#   id: admission.domains
#   version: 1.0.0
#   severity: critical
#   controls: [A.5.15, A.8.20]
#   kinds: [Tenant]
#   rules: [domain-unclaimed]
package admission.domains

import data.admission.lib

violations contains v if {
	some domain in lib.tenant.spec.domains
	some other in input.tenants
	other.metadata.name != lib.tenant.metadata.name
	some claimed in other.spec.domains
	lower(claimed) == lower(domain)
	v := lib.violation(
		"domain-unclaimed",
		sprintf(
			"spec.domains %s is already claimed by tenant %s: remove it, or release it from %s first",
			[domain, other.metadata.name, other.metadata.name],
		),
		{"domain": domain, "claimedBy": other.metadata.name},
	)
}
