package admission.edition_backup_test

import data.admission.edition_backup
import data.admission.lib_test

test_paid_edition_within_rpo if {
	count(edition_backup.violations) == 0 with input as lib_test.edition_with({"backup": {"rpo": "5m"}})
}

test_pooled_edition_may_back_up_hourly if {
	count(edition_backup.violations) == 0 with input as lib_test.edition_with({"isolation": "pooled", "backup": {"rpo": "1h"}})
}

test_paid_edition_beyond_rpo if {
	[v] := [v | some v in edition_backup.violations] with input as lib_test.edition_with({"backup": {"rpo": "15m30s"}})
	v.rule == "paid-edition-rpo"
	v.message == "spec.backup.rpo 15m30s is longer than the 15m an edition with isolation schema promises: set it to 15m or less"
}

test_seconds if {
	edition_backup.seconds("1h30m") == 5400
	edition_backup.seconds("90s") == 90
}
