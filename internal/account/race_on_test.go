//go:build race

package account_test

// raceDetector is true in a -race build, where timings measure the detector.
const raceDetector = true
