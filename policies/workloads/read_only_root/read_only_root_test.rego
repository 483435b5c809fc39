package workloads.read_only_root_test

import data.workloads.lib_test
import data.workloads.read_only_root

test_read_only_passes if {
	count(read_only_root.violations) == 0 with input as lib_test.workload({})
}

test_writable_root if {
	[v] := [v | some v in read_only_root.violations] with input as lib_test.workload({"securityContext": {"readOnlyRootFilesystem": false}})
	v.rule == "read-only-root-filesystem"
	v.details == {"container": "crm", "path": "spec.template.spec.containers[0]"}
}
