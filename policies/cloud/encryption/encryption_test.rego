package cloud.encryption_test

import data.cloud.encryption

test_allowed_sample_passes if {
	count(encryption.deny) == 0 with input as data.cloud.encryption.samples.allowed
}

test_denied_sample_names_each_gap if {
	messages := {d.msg | some d in encryption.deny} with input as data.cloud.encryption.samples.denied
	messages == {
		"db: storage is not encrypted",
		"kafka: Kafka accepts clients without TLS",
		"eks: Kubernetes Secrets are not encrypted with a KMS key",
		"objects: bucket has no default encryption",
		"redis: cache opens its non-TLS port",
		"bucket: bucket is not encrypted",
	}
}
