# METADATA
# title: Paid editions back up at least every 15 minutes
# description: >-
#   Editions with a schema or a database per tenant are paid plans; they promise a recovery point
#   objective of 15 minutes or less.
# custom:
#   id: admission.edition_backup
#   version: 1.0.0
#   severity: high
#   controls: [A.8.13, A.5.30]
#   kinds: [Edition]
#   rules: [paid-edition-rpo]
package admission.edition_backup

import data.admission.lib

paid_isolation := {"schema", "database"}

max_paid_rpo := "15m"

unit_seconds := {"h": 3600, "m": 60, "s": 1}

# A duration such as 1h30m in seconds.
seconds(duration) := sum([n |
	some m in regex.find_all_string_submatch_n(`([0-9]+)(h|m|s)`, duration, -1)
	n := to_number(m[1]) * unit_seconds[m[2]]
])

violations contains v if {
	isolation := lib.edition.spec.isolation
	isolation in paid_isolation

	# The CRD's default RPO is 15m.
	rpo := object.get(lib.edition.spec, ["backup", "rpo"], max_paid_rpo)
	seconds(rpo) > seconds(max_paid_rpo)
	v := lib.violation(
		"paid-edition-rpo",
		sprintf(
			"spec.backup.rpo %s is longer than the %s an edition with isolation %s promises: set it to %s or less",
			[rpo, max_paid_rpo, isolation, max_paid_rpo],
		),
		{"rpo": rpo, "max": max_paid_rpo, "isolation": isolation},
	)
}
