package cloud.redundancy_test

import data.cloud.redundancy

test_allowed_sample_passes if {
	count(redundancy.deny) == 0 with input as data.cloud.redundancy.samples.allowed
}

test_denied_sample_names_each_single_point_of_failure if {
	messages := {d.msg | some d in redundancy.deny} with input as data.cloud.redundancy.samples.denied
	messages == {
		"stack prod-example: the network spans 1 availability zone",
		"db: database is not Multi-AZ",
		"stack prod-example: objects are not replicated to another region",
		"flex: database is not zone-redundant",
		"aks: node pool system is in fewer than two zones",
		"sa: storage is Standard_LRS, not zone-redundant",
		"pg: postgresql runs on one node",
		"bucket: bucket is not replicated to another region",
	}
}

test_one_zone_is_fine_outside_production if {
	dev := object.union(data.cloud.redundancy.samples.denied, {"stack": {"name": "dev", "tier": "dev"}})
	count(redundancy.deny) == 0 with input as dev
}
