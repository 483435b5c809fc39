package workloads.privilege_escalation_test

import data.workloads.lib_test
import data.workloads.privilege_escalation

test_no_escalation_passes if {
	count(privilege_escalation.violations) == 0 with input as lib_test.workload({})
}

test_escalation_by_default if {
	lib_test.rules(privilege_escalation.violations) == {"no-privilege-escalation"} with input as lib_test.workload({"securityContext": {}})
}

test_privileged if {
	context := {"allowPrivilegeEscalation": false, "privileged": true}
	lib_test.rules(privilege_escalation.violations) == {"not-privileged"} with input as lib_test.workload({"securityContext": context})
}
