package admission.edition_exists_test

import data.admission.edition_exists
import data.admission.lib_test

test_known_edition_passes if {
	count(edition_exists.violations) == 0 with input as lib_test.admit(lib_test.acme)
}

test_unknown_edition_names_the_choices if {
	[v] := [v | some v in edition_exists.violations] with input as lib_test.tenant_with({"edition": "gold"})
	v.rule == "edition-exists"
	v.message == "spec.edition gold does not exist: choose one of business"
	v.resource == {"apiVersion": "platform.inopsio.io/v1alpha1", "kind": "Tenant", "name": "acme"}
}
