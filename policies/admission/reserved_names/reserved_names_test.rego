package admission.reserved_names_test

import data.admission.lib_test
import data.admission.reserved_names

named(name) := lib_test.admit(object.union(lib_test.acme, {"metadata": {"name": name}}))

test_ordinary_name_passes if {
	count(reserved_names.violations) == 0 with input as named("admiral")
}

test_reserved_name if {
	[v] := [v | some v in reserved_names.violations] with input as named("admin")
	v.message == "metadata.name admin is reserved by the platform (admin): choose another tenant name"
}

test_reserved_prefix if {
	[v] := [v | some v in reserved_names.violations] with input as named("kube-system")
	v.details == {"name": "kube-system", "reserved": "kube-*"}
}

test_existing_tenant_may_be_updated if {
	count(reserved_names.violations) == 0 with input as object.union(named("admin"), {"operation": "UPDATE"})
}
