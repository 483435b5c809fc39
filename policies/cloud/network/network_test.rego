package cloud.network_test

import data.cloud.network

test_allowed_sample_passes if {
	count(network.deny) == 0 with input as data.cloud.network.samples.allowed
}

test_denied_sample_names_each_exposure if {
	messages := {d.msg | some d in network.deny} with input as data.cloud.network.samples.denied
	messages == {
		"db: database is publicly accessible",
		"sg: security group admits port 22 from anywhere",
		"eks: the Kubernetes API is open to the internet",
		"aks: the Kubernetes API is open to the internet",
		"sa: storage is publicly accessible",
		"pg: managed database accepts connections from anywhere",
		"kube: the Kubernetes API is open to the internet (no IP restrictions)",
	}
}
