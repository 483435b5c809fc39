# Fixtures shared by the workload policies' tests, and the helpers' own tests.
package workloads.lib_test

import data.workloads.lib

hardened := {
	"name": "crm",
	"image": "ghcr.io/inopsio/crm@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
	"resources": {"requests": {"cpu": "500m", "memory": "512Mi"}, "limits": {"cpu": "2", "memory": "2Gi"}},
	"securityContext": {
		"runAsNonRoot": true,
		"readOnlyRootFilesystem": true,
		"allowPrivilegeEscalation": false,
	},
}

deployment(container) := {
	"apiVersion": "apps/v1",
	"kind": "Deployment",
	"metadata": {"name": "crm", "namespace": "tenant-acme"},
	"spec": {"template": {"spec": {"securityContext": {"runAsUser": 10001}, "containers": [container]}}},
}

service := {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "crm", "namespace": "tenant-acme"}}

# The workload input with one Deployment: the `hardened` container with `patch`'s fields replaced.
workload(patch) := {
	"tenant": "acme",
	"production": true,
	"allowedRegistries": ["ghcr.io/inopsio"],
	"objects": [deployment(object.union(object.remove(hardened, {k | some k, _ in patch}), patch)), service],
}

# The rules that `violations` break.
rules(violations) := {v.rule | some v in violations}

test_containers_of_each_kind if {
	cronjob := {
		"kind": "CronJob",
		"metadata": {"name": "report"},
		"spec": {"jobTemplate": {"spec": {"template": {"spec": {
			"initContainers": [{"name": "init"}],
			"containers": [{"name": "run"}],
		}}}}},
	}
	paths := {c.path | some c in lib.containers} with input as {"objects": [cronjob, service]}
	paths == {
		"spec.jobTemplate.spec.template.spec.initContainers[0]",
		"spec.jobTemplate.spec.template.spec.containers[0]",
	}
}

test_pod_security_context_applies if {
	pod := {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"securityContext": {"runAsNonRoot": true}, "containers": [{"name": "c"}]}}
	[c] := [c | some c in lib.containers] with input as {"objects": [pod]}
	lib.security(c, "runAsNonRoot", false)
}
