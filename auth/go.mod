module github.com/goauth-dev/goauth/auth

go 1.26.0

require (
	github.com/goauth-dev/goauth/authcore v0.0.0
	github.com/spf13/cobra v1.10.2
	go.yaml.in/yaml/v3 v3.0.6
)

require (
	github.com/inconshreveable/mousetrap v1.1.0 // indirect
	github.com/spf13/pflag v1.0.9 // indirect
	golang.org/x/crypto v0.59.0 // indirect
	golang.org/x/sys v0.50.0 // indirect
	golang.org/x/text v0.44.0 // indirect
)

replace github.com/goauth-dev/goauth/authcore => ../authcore

replace github.com/goauth-dev/goauth/authsqlx => ../authsqlx

replace github.com/goauth-dev/goauth/authredis => ../authredis

replace github.com/goauth-dev/goauth/authecho => ../authecho

replace github.com/goauth-dev/goauth/authplugins => ../authplugins

replace github.com/goauth-dev/goauth/authsso => ../authsso

replace github.com/goauth-dev/goauth/authoauthprovider => ../authoauthprovider
