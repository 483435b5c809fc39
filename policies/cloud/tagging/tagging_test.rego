package cloud.tagging_test

import data.cloud.tagging

test_allowed_sample_passes if {
	count(tagging.deny) == 0 with input as data.cloud.tagging.samples.allowed
}

test_denied_sample_names_missing_tags if {
	messages := {d.msg | some d in tagging.deny} with input as data.cloud.tagging.samples.denied
	messages == {
		"db: has no tags",
		"cache: lacks the tags cost-center, data-classification",
	}
}
