package admission.edition_placement_test

import data.admission.edition_placement
import data.admission.lib_test

test_kept_placements_pass if {
	count(edition_placement.violations) == 0 with input as lib_test.admit(lib_test.business)
}

test_dropped_region_in_use if {
	allowed := [{"provider": "aws", "regions": ["eu-west-1"]}, {"provider": "azure", "regions": ["westeurope"]}]
	[v] := [v | some v in edition_placement.violations] with input as lib_test.edition_with({"placement": {"allowed": allowed}})
	v.rule == "placement-in-use-kept"
	v.message == "spec.placement.allowed no longer allows ovh gra, where tenant initech runs: keep it, or move the tenant first"
}
