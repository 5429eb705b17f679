package model

// Admin is Query.admin: it holds nothing, each of its fields asks the account service,
// which checks the admin again.
type Admin struct{}
