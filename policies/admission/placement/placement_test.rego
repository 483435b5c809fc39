package admission.placement_test

import data.admission.lib_test
import data.admission.placement

test_allowed_region_passes if {
	count(placement.violations) == 0 with input as lib_test.admit(lib_test.acme)
}

test_region_outside_the_edition if {
	[v] := [v | some v in placement.violations] with input as lib_test.tenant_with({"placement": {"provider": "aws", "region": "us-east-1"}})
	v.rule == "region-allowed"
	v.message == "spec.placement.region us-east-1 is not allowed by edition business (allowed: aws eu-west-1, eu-central-1; ovh gra): choose one of those regions"
}

test_provider_outside_the_edition if {
	[v] := [v | some v in placement.violations] with input as lib_test.tenant_with({"placement": {"provider": "azure", "region": "westeurope"}})
	v.rule == "provider-allowed"
	v.details.provider == "azure"
}
