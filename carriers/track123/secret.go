package track123

// SignsPushesWithKey reports that Track123 signs its pushes with the API
// key itself (docs.track123.com/reference/getting-started-with-your-api,
// "use Track123 API key and timestamp … to generate a signature"), so the
// key verifies them when no webhook_secret is configured.
func (c *Carrier) SignsPushesWithKey() bool { return true }
