# METADATA
# title: Read-only root filesystem
# description: >-
#   Every container mounts its root filesystem read-only, so nothing can change the image at run
#   time; scratch space comes from an emptyDir volume.
# custom:
#   id: workloads.read_only_root
#   version: 1.0.0
#   severity: medium
#   controls: [A.8.9, A.8.19]
#   rules: [read-only-root-filesystem]
package workloads.read_only_root

import data.workloads.lib

violations contains v if {
	some c in lib.containers
	object.get(c.container, ["securityContext", "readOnlyRootFilesystem"], false) != true
	v := lib.violation(
		"read-only-root-filesystem",
		c,
		sprintf(
			"%s.securityContext.readOnlyRootFilesystem is not true: set it to true and mount an emptyDir where the process writes",
			[c.path],
		),
		{},
	)
}
