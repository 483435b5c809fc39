# METADATA
# title: Backups meet the recovery point objective
# description: >-
#   Managed databases keep automated backups with point-in-time recovery; production keeps at
#   least 7 days, and no stack promises an RPO below the 5 minutes that managed PostgreSQL
#   point-in-time recovery can deliver.
# custom:
#   id: cloud.backups
#   version: 1.0.0
#   severity: high
#   controls: [A.8.13]
package cloud.backups

import data.cloud.lib

# Managed PostgreSQL restores to within 5 minutes (RDS uploads WAL every 5 minutes).
pitr_granularity_minutes := 5

min_production_retention_days := 7

deny contains violation if {
	input.stack.rpoMinutes < pitr_granularity_minutes
	violation := {
		"msg": sprintf(
			"stack %s: an RPO of %d minutes is below the %d minutes point-in-time recovery delivers",
			[input.stack.name, input.stack.rpoMinutes, pitr_granularity_minutes],
		),
		"details": {"rpoMinutes": input.stack.rpoMinutes},
	}
}

retention(r) := r.inputs.backupRetentionPeriod if r.type == "aws:rds/instance:Instance"

retention(r) := r.inputs.backup.backupRetentionDays if r.type == "azure-native:dbforpostgresql:Server"

databases := array.concat(
	lib.resources("aws:rds/instance:Instance"),
	lib.resources("azure-native:dbforpostgresql:Server"),
)

deny contains violation if {
	some r in lib.resources("aws:rds/instance:Instance")
	object.get(r.inputs, "backupRetentionPeriod", 0) == 0
	violation := lib.denial("automated backups are off, so there is no point-in-time recovery", r)
}

deny contains violation if {
	lib.production
	some r in databases
	retention(r) < min_production_retention_days
	violation := lib.denial(
		sprintf("production keeps backups %d days, fewer than %d", [retention(r), min_production_retention_days]),
		r,
	)
}

deny contains violation if {
	lib.production
	some r in lib.resources("ovh:CloudProject/database:Database")
	r.inputs.engine == "postgresql"
	r.inputs.plan == "essential"
	violation := lib.denial("the Essential plan has no point-in-time recovery; use business or enterprise", r)
}

deny contains violation if {
	lib.production
	some r in lib.resources("aws:elasticache/replicationGroup:ReplicationGroup")
	object.get(r.inputs, "snapshotRetentionLimit", 0) < 1
	violation := lib.denial("production cache keeps no snapshots", r)
}
