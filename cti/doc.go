// Package cti talks to Grandstream desk phones over their CTI HTTP API
// (/cgi-bin/api-*), turns line status into call events, receives the phones'
// Action URL requests and keeps the call history. Through the phone's web
// session (websession.go: both login families) it reads and writes the
// phone's own settings: the Action URL fields (actionurl_install.go), the
// phone's identity and Do Not Disturb.
//
// Settings are named by their P-values (P8310, P3; "8310" and ":dnd" in
// config_get/config_update), never by the aliases newer firmware also shows:
// the one known config_update shape writes {"pvalue":{...}} with an empty
// "alias", config_get answers the pvalue beside each alias, and no firmware
// is known to refuse a P-value write or to read back by alias only. Alias
// names differ between firmware and come from metaconfig_get, whose shape
// is unverified; guessing them would send settings nobody has seen work.
//
// It has no GUI dependencies: everything here runs and is tested without a
// display. The simulated phone used by tests and demo mode is in cti/phonesim.
package cti
