package track17

// SignsPushesWithKey reports that 17TRACK signs its pushes with the
// account's security key, the same key the API takes in the 17token
// header: the "sign" header is the SHA-256 of the body, "/" and that key
// (https://asset.17track.net/api/document/v2.2_en/index.html#webhook; the
// dashboard's Settings > Security > Access Key is the one key,
// https://asset.17track.net/api/document/v1_en/index.html "Get the API
// access key"). So the API key verifies pushes when no webhook_secret is
// configured.
func (c *Carrier) SignsPushesWithKey() bool { return true }
