package devicegrant

// Client is a registered client of the device grant (ACCOUNTD_DEVICE_CLIENTS): the id
// it sends and the name the approval page shows to the person.
type Client struct {
	ID   string
	Name string
}
