# Fixtures shared by the admission policies' tests, and the helpers' own tests.
package admission.lib_test

import data.admission.lib

business := {
	"apiVersion": "platform.inopsio.io/v1alpha1",
	"kind": "Edition",
	"metadata": {"name": "business"},
	"spec": {
		"modules": ["crm", "erp", "mail"],
		"isolation": "schema",
		"resources": {
			"defaultProfile": {"replicas": 2},
			"profiles": {"crm": {"replicas": 2, "autoscaling": {"minReplicas": 2, "maxReplicas": 6}}},
		},
		"backup": {"rpo": "15m"},
		"rateLimit": {"requestsPerMinute": 3000},
		"placement": {"allowed": [
			{"provider": "aws", "regions": ["eu-west-1", "eu-central-1"]},
			{"provider": "ovh", "regions": ["gra"]},
		]},
	},
}

acme := {
	"apiVersion": "platform.inopsio.io/v1alpha1",
	"kind": "Tenant",
	"metadata": {"name": "acme"},
	"spec": {
		"edition": "business",
		"domains": ["acme.inopsio.example"],
		"placement": {"provider": "aws", "region": "eu-west-1"},
	},
}

initech := {
	"apiVersion": "platform.inopsio.io/v1alpha1",
	"kind": "Tenant",
	"metadata": {"name": "initech"},
	"spec": {
		"edition": "business",
		"domains": ["initech.example"],
		"placement": {"provider": "ovh", "region": "gra"},
	},
}

# The admission input for `obj` against the fixtures.
admit(obj) := {
	"operation": "CREATE",
	"object": obj,
	"editions": [business],
	"tenants": [acme, initech],
	"reservedNames": ["admin", "kube-*"],
}

# The admission input for acme with `spec` merged into its spec.
tenant_with(spec) := admit(object.union(acme, {"spec": spec}))

# The admission input for business with `spec` merged into its spec, as an update.
edition_with(spec) := object.union(admit(object.union(business, {"spec": spec})), {"operation": "UPDATE"})

test_tenant_and_its_edition if {
	lib.tenant_edition == business with input as admit(acme)
	not lib.edition with input as admit(acme)
}

test_allowed_text if {
	lib.allowed_text(business) == "aws eu-west-1, eu-central-1; ovh gra"
}
