package admission.domains_test

import data.admission.domains
import data.admission.lib_test

test_own_domains_pass if {
	count(domains.violations) == 0 with input as lib_test.admit(lib_test.acme)
}

test_domain_of_another_tenant if {
	[v] := [v | some v in domains.violations] with input as lib_test.tenant_with({"domains": ["acme.inopsio.example", "Initech.example"]})
	v.rule == "domain-unclaimed"
	v.message == "spec.domains Initech.example is already claimed by tenant initech: remove it, or release it from initech first"
}
