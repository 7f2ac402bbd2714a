//go:build e2e && wine

package winee2e

import "github.com/gxptray/gxptray/ui/e2e"

// The Wine suite drives the same simulated phone as the Linux end-to-end
// suite: a phonesim on a loopback port in the test process, so checks can
// look at what it received.
type Phone = e2e.Phone

// PhonePasscode is the simulated phone's admin password.
const PhonePasscode = e2e.PhonePasscode

// NewPhone starts a simulated phone that stops when the test ends.
var NewPhone = e2e.NewPhone
