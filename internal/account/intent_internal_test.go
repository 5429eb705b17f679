package account

// IntentData is the data queueIntent seals for an email request of addr, made from
// 192.0.2.1: tests hand it to a resolver of Resolvers directly.
func IntentData(addr string) map[string]string {
	a, key, _ := parseEmail(addr)
	return map[string]string{intentEmail: a, intentKey: key, intentIP: "192.0.2.1", intentUserAgent: "test"}
}
