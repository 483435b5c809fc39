# METADATA
# title: No privilege escalation
# description: >-
#   Every container sets allowPrivilegeEscalation false (Kubernetes defaults it to true) and is not
#   privileged.
# custom:
#   id: workloads.privilege_escalation
#   version: 1.0.0
#   severity: critical
#   controls: [A.8.2, A.8.9]
#   rules: [no-privilege-escalation, not-privileged]
package workloads.privilege_escalation

import data.workloads.lib

violations contains v if {
	some c in lib.containers
	object.get(c.container, ["securityContext", "allowPrivilegeEscalation"], true) != false
	v := lib.violation(
		"no-privilege-escalation",
		c,
		sprintf("%s.securityContext.allowPrivilegeEscalation is not false: set it to false", [c.path]),
		{},
	)
}

violations contains v if {
	some c in lib.containers
	object.get(c.container, ["securityContext", "privileged"], false) == true
	v := lib.violation(
		"not-privileged",
		c,
		sprintf("%s.securityContext.privileged is true: remove it", [c.path]),
		{},
	)
}
