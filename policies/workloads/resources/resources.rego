# METADATA
# title: Resource requests and limits set
# description: >-
#   Every container requests and limits CPU and memory, so the scheduler can place it and one
#   tenant cannot starve another.
# custom:
#   id: workloads.resources
#   version: 1.0.0
#   severity: medium
#   controls: [A.8.6]
#   rules: [requests-set, limits-set]
package workloads.resources

import data.workloads.lib

kinds := {"requests": "requests-set", "limits": "limits-set"}

violations contains v if {
	some c in lib.containers
	some kind, rule in kinds
	some resource in ["cpu", "memory"]
	not c.container.resources[kind][resource]
	v := lib.violation(
		rule,
		c,
		sprintf("%s.resources.%s.%s is not set: set it from the edition's profile", [c.path, kind, resource]),
		{"missing": sprintf("%s.%s", [kind, resource])},
	)
}
