package workloads.resources_test

import data.workloads.lib_test
import data.workloads.resources

test_requests_and_limits_pass if {
	count(resources.violations) == 0 with input as lib_test.workload({})
}

test_missing_limits_and_memory_request if {
	messages := {v.message | some v in resources.violations} with input as lib_test.workload({"resources": {"requests": {"cpu": "1"}}})
	messages == {
		"Deployment crm container crm: spec.template.spec.containers[0].resources.requests.memory is not set: set it from the edition's profile",
		"Deployment crm container crm: spec.template.spec.containers[0].resources.limits.cpu is not set: set it from the edition's profile",
		"Deployment crm container crm: spec.template.spec.containers[0].resources.limits.memory is not set: set it from the edition's profile",
	}
}
