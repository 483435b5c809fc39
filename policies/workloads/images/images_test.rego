package workloads.images_test

import data.workloads.images
import data.workloads.lib_test

test_pinned_image_from_allowed_registry_passes if {
	count(images.violations) == 0 with input as lib_test.workload({})
}

test_tag_is_fine_outside_production if {
	staging := object.union(lib_test.workload({"image": "ghcr.io/inopsio/crm:0.1.0"}), {"production": false})
	count(images.violations) == 0 with input as staging
}

test_tag_in_production if {
	[v] := [v | some v in images.violations] with input as lib_test.workload({"image": "ghcr.io/inopsio/crm:0.1.0"})
	v.message == "Deployment crm container crm: spec.template.spec.containers[0].image ghcr.io/inopsio/crm:0.1.0 is not pinned by digest: use <image>@sha256:<digest> in production"
}

test_other_registry if {
	lib_test.rules(images.violations) == {"registry-allowed", "digest-pinned"} with input as lib_test.workload({"image": "ghcr.io/inopsio-evil/crm:1"})
}
