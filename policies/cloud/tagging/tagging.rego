# METADATA
# title: Every resource names its owner
# description: >-
#   Resources that take tags carry owner, cost-center and data-classification, so the inventory
#   of assets says who owns each one and how its data is classified.
# custom:
#   id: cloud.tagging
#   version: 1.0.0
#   severity: medium
#   controls: [A.5.9, A.5.12]
package cloud.tagging

import data.cloud.lib

required_tags := {"owner", "cost-center", "data-classification"}

# Types that hold data or run workloads: they must be tagged at all.
must_be_tagged := {
	"aws:rds/instance:Instance",
	"aws:s3/bucket:Bucket",
	"aws:eks/cluster:Cluster",
	"aws:msk/cluster:Cluster",
	"aws:elasticache/replicationGroup:ReplicationGroup",
	"azure-native:dbforpostgresql:Server",
	"azure-native:storage:StorageAccount",
	"azure-native:containerservice:ManagedCluster",
	"azure-native:redis:Redis",
	"azure-native:eventhub:Namespace",
}

deny contains violation if {
	some r in input.resources
	r.type in must_be_tagged
	not r.inputs.tags
	violation := lib.denial("has no tags", r)
}

deny contains violation if {
	some r in input.resources
	tags := r.inputs.tags
	missing := required_tags - {key | some key, value in tags; value != ""}
	count(missing) > 0
	violation := lib.denial(sprintf("lacks the tags %s", [concat(", ", sort(missing))]), r)
}
