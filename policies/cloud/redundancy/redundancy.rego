# METADATA
# title: Production survives the loss of a zone
# description: >-
#   Production stacks run their network, database, cache, event stream and cluster across at
#   least two availability zones, and replicate objects beyond one zone.
# custom:
#   id: cloud.redundancy
#   version: 1.0.0
#   severity: high
#   controls: [A.8.14]
package cloud.redundancy

import data.cloud.lib

# Each rule: a resource type, a field path, the value production needs, and the message.
required := [
	["aws:rds/instance:Instance", ["multiAz"], true, "database is not Multi-AZ"],
	["aws:elasticache/replicationGroup:ReplicationGroup", ["multiAzEnabled"], true, "cache is not Multi-AZ"],
	["aws:elasticache/replicationGroup:ReplicationGroup", ["automaticFailoverEnabled"], true, "cache has no automatic failover"],
	["azure-native:dbforpostgresql:Server", ["highAvailability", "mode"], "ZoneRedundant", "database is not zone-redundant"],
	["azure-native:eventhub:Namespace", ["zoneRedundant"], true, "Event Hubs is not zone-redundant"],
]

deny contains violation if {
	lib.production
	some [type, path, want, message] in required
	some r in lib.resources(type)
	object.get(r.inputs, path, null) != want
	violation := lib.denial(message, r)
}

deny contains violation if {
	lib.production
	zones := {s.inputs.availabilityZone | some s in lib.resources("aws:ec2/subnet:Subnet")}
	count(zones) > 0
	count(zones) < 2
	violation := {
		"msg": sprintf("stack %s: the network spans %d availability zone", [input.stack.name, count(zones)]),
		"details": {"zones": zones},
	}
}

deny contains violation if {
	lib.production
	some r in lib.resources("azure-native:containerservice:ManagedCluster")
	some pool in r.inputs.agentPoolProfiles
	count(object.get(pool, "availabilityZones", [])) < 2
	violation := lib.denial(sprintf("node pool %s is in fewer than two zones", [pool.name]), r)
}

deny contains violation if {
	lib.production
	some r in lib.resources("azure-native:storage:StorageAccount")
	not endswith(r.inputs.sku.name, "ZRS")
	violation := lib.denial(sprintf("storage is %s, not zone-redundant", [r.inputs.sku.name]), r)
}

deny contains violation if {
	lib.production
	some r in lib.resources("ovh:CloudProject/database:Database")
	count(r.inputs.nodes) < 2
	violation := lib.denial(sprintf("%s runs on one node", [r.inputs.engine]), r)
}

deny contains violation if {
	lib.production
	count(lib.resources("aws:s3/bucket:Bucket")) > 0
	count(lib.resources("aws:s3/bucketReplicationConfig:BucketReplicationConfig")) == 0
	violation := {"msg": sprintf("stack %s: objects are not replicated to another region", [input.stack.name]), "details": {}}
}

deny contains violation if {
	lib.production
	some r in lib.resources("ovh:CloudProject/storage:Storage")
	count(object.get(r.inputs, ["replication", "rules"], [])) == 0
	violation := lib.denial("bucket is not replicated to another region", r)
}
