package workloads.non_root_test

import data.workloads.lib_test
import data.workloads.non_root

test_non_root_passes if {
	count(non_root.violations) == 0 with input as lib_test.workload({})
}

test_missing_run_as_non_root if {
	[v] := [v | some v in non_root.violations] with input as lib_test.workload({"securityContext": {"readOnlyRootFilesystem": true}})
	v.message == "Deployment crm container crm: spec.template.spec.containers[0].securityContext.runAsNonRoot is not true: set it to true"
	v.resource == {"apiVersion": "apps/v1", "kind": "Deployment", "name": "crm", "namespace": "tenant-acme"}
}

test_root_user if {
	lib_test.rules(non_root.violations) == {"run-as-non-root"} with input as lib_test.workload({"securityContext": {"runAsNonRoot": true, "runAsUser": 0}})
}
