# METADATA
# title: Nothing is reachable from the internet
# description: >-
#   Databases, caches, event streams and buckets are private; security groups admit no traffic
#   from anywhere; a Kubernetes API open beyond the private network is limited to allowed CIDRs.
# custom:
#   id: cloud.network
#   version: 1.0.0
#   severity: critical
#   controls: [A.8.20, A.8.22]
package cloud.network

import data.cloud.lib

anywhere := {"0.0.0.0/0", "::/0"}

# Each rule: a resource type, a field path, the value that exposes it, and the message.
exposed := [
	["aws:rds/instance:Instance", ["publiclyAccessible"], true, "database is publicly accessible"],
	["aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", ["blockPublicAcls"], false, "bucket allows public ACLs"],
	["aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", ["blockPublicPolicy"], false, "bucket allows public policies"],
	["aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", ["restrictPublicBuckets"], false, "bucket may be public"],
	["aws:msk/cluster:Cluster", ["brokerNodeGroupInfo", "connectivityInfo", "publicAccess", "type"], "SERVICE_PROVIDED_EIPS", "Kafka brokers are public"],
	["azure-native:dbforpostgresql:Server", ["network", "publicNetworkAccess"], "Enabled", "database is publicly accessible"],
	["azure-native:redis:Redis", ["publicNetworkAccess"], "Enabled", "cache is publicly accessible"],
	["azure-native:storage:StorageAccount", ["publicNetworkAccess"], "Enabled", "storage is publicly accessible"],
	["azure-native:storage:StorageAccount", ["allowBlobPublicAccess"], true, "storage allows public blobs"],
	["azure-native:eventhub:Namespace", ["publicNetworkAccess"], "Enabled", "Event Hubs is publicly accessible"],
	["azure-native:containerservice:ManagedCluster", ["agentPoolProfiles", 0, "enableNodePublicIP"], true, "nodes have public IPs"],
]

deny contains violation if {
	some [type, path, bad, message] in exposed
	some r in lib.resources(type)
	object.get(r.inputs, path, null) == bad
	violation := lib.denial(message, r)
}

deny contains violation if {
	some r in lib.resources("aws:ec2/securityGroup:SecurityGroup")
	some rule in object.get(r.inputs, "ingress", [])
	some cidr in array.concat(object.get(rule, "cidrBlocks", []), object.get(rule, "ipv6CidrBlocks", []))
	cidr in anywhere
	violation := lib.denial(sprintf("security group admits port %v from anywhere", [rule.fromPort]), r)
}

# A public EKS endpoint without an allow-list is open to the whole internet.
deny contains violation if {
	some r in lib.resources("aws:eks/cluster:Cluster")
	r.inputs.vpcConfig.endpointPublicAccess == true
	cidrs := object.get(r.inputs.vpcConfig, "publicAccessCidrs", ["0.0.0.0/0"])
	some cidr in cidrs
	cidr in anywhere
	violation := lib.denial("the Kubernetes API is open to the internet", r)
}

deny contains violation if {
	some r in lib.resources("azure-native:containerservice:ManagedCluster")
	profile := object.get(r.inputs, "apiServerAccessProfile", {})
	not profile.enablePrivateCluster
	count(object.get(profile, "authorizedIPRanges", [])) == 0
	violation := lib.denial("the Kubernetes API is open to the internet", r)
}

deny contains violation if {
	some r in lib.resources("ovh:CloudProject/database:Database")
	restrictions := [x.ip | some x in object.get(r.inputs, "ipRestrictions", [])]
	open_database(restrictions)
	violation := lib.denial("managed database accepts connections from anywhere", r)
}

open_database(restrictions) if count(restrictions) == 0

open_database(restrictions) if {
	some ip in restrictions
	ip in anywhere
}

deny contains violation if {
	some r in lib.resources("ovh:CloudProject/kube:Kube")
	restricted := {x.inputs.kubeId | some x in lib.resources("ovh:CloudProject/kubeIpRestrictions:KubeIpRestrictions")}
	count(restricted) == 0
	violation := lib.denial("the Kubernetes API is open to the internet (no IP restrictions)", r)
}
