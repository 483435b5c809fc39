package cloud.backups_test

import data.cloud.backups

test_allowed_sample_passes if {
	count(backups.deny) == 0 with input as data.cloud.backups.samples.allowed
}

test_denied_sample_names_each_gap if {
	messages := {d.msg | some d in backups.deny} with input as data.cloud.backups.samples.denied
	messages == {
		"stack prod-example: an RPO of 1 minutes is below the 5 minutes point-in-time recovery delivers",
		"db: automated backups are off, so there is no point-in-time recovery",
		"db: production keeps backups 0 days, fewer than 7",
		"flex: production keeps backups 3 days, fewer than 7",
		"pg: the Essential plan has no point-in-time recovery; use business or enterprise",
		"cache: production cache keeps no snapshots",
	}
}

test_short_retention_is_fine_outside_production if {
	dev := object.union(data.cloud.backups.samples.denied, {"stack": {"name": "dev", "tier": "dev", "rpoMinutes": 60}})
	messages := {d.msg | some d in backups.deny} with input as dev
	messages == {"db: automated backups are off, so there is no point-in-time recovery"}
}
