# METADATA
# title: Data is encrypted at rest and in transit
# description: >-
#   Databases, caches, event streams, buckets and Kubernetes Secrets are encrypted at rest with
#   managed keys, and their clients must use TLS.
# custom:
#   id: cloud.encryption
#   version: 1.0.0
#   severity: high
#   controls: [A.8.24]
package cloud.encryption

import data.cloud.lib

# Each rule: a resource type, a field path, the value it must have, and the message.
required := [
	["aws:rds/instance:Instance", ["storageEncrypted"], true, "storage is not encrypted"],
	["aws:elasticache/replicationGroup:ReplicationGroup", ["atRestEncryptionEnabled"], true, "cache is not encrypted at rest"],
	["aws:elasticache/replicationGroup:ReplicationGroup", ["transitEncryptionEnabled"], true, "cache accepts clients without TLS"],
	["aws:msk/cluster:Cluster", ["encryptionInfo", "encryptionInTransit", "clientBroker"], "TLS", "Kafka accepts clients without TLS"],
	["aws:msk/cluster:Cluster", ["encryptionInfo", "encryptionInTransit", "inCluster"], true, "Kafka brokers talk without TLS"],
	["azure-native:storage:StorageAccount", ["enableHttpsTrafficOnly"], true, "storage accepts plain HTTP"],
	["azure-native:storage:StorageAccount", ["encryption", "requireInfrastructureEncryption"], true, "storage lacks infrastructure encryption"],
	["azure-native:redis:Redis", ["enableNonSslPort"], false, "cache opens its non-TLS port"],
	["azure-native:redis:Redis", ["minimumTlsVersion"], "1.2", "cache allows TLS below 1.2"],
	["azure-native:eventhub:Namespace", ["minimumTlsVersion"], "1.2", "Event Hubs allows TLS below 1.2"],
	["ovh:CloudProject/storage:Storage", ["encryption", "sseAlgorithm"], "AES256", "bucket is not encrypted"],
]

deny contains violation if {
	some [type, path, want, message] in required
	some r in lib.resources(type)
	object.get(r.inputs, path, null) != want
	violation := lib.denial(message, r)
}

deny contains violation if {
	some r in lib.resources("aws:eks/cluster:Cluster")
	not "secrets" in object.get(r.inputs, ["encryptionConfig", "resources"], [])
	violation := lib.denial("Kubernetes Secrets are not encrypted with a KMS key", r)
}

# Every S3 bucket has a default encryption configuration of the same name.
deny contains violation if {
	some r in lib.resources("aws:s3/bucket:Bucket")
	encrypted := {c.name | some c in lib.resources("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration")}
	not r.name in encrypted
	violation := lib.denial("bucket has no default encryption", r)
}
