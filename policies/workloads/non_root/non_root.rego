# METADATA
# title: Containers run as a non-root user
# description: >-
#   Every container sets runAsNonRoot true (itself or through its pod) and never runAsUser 0, so a
#   compromised process has no root rights in its container.
# custom:
#   id: workloads.non_root
#   version: 1.0.0
#   severity: high
#   controls: [A.8.2, A.8.9]
#   rules: [run-as-non-root]
package workloads.non_root

import data.workloads.lib

violations contains v if {
	some c in lib.containers
	lib.security(c, "runAsNonRoot", false) != true
	v := lib.violation(
		"run-as-non-root",
		c,
		sprintf("%s.securityContext.runAsNonRoot is not true: set it to true", [c.path]),
		{"runAsNonRoot": lib.security(c, "runAsNonRoot", null)},
	)
}

violations contains v if {
	some c in lib.containers
	lib.security(c, "runAsUser", null) == 0
	v := lib.violation(
		"run-as-non-root",
		c,
		sprintf("%s.securityContext.runAsUser is 0 (root): set a non-zero user id", [c.path]),
		{"runAsUser": 0},
	)
}
