module github.com/goauth-dev/goauth/auth

go 1.26

require github.com/goauth-dev/goauth/authcore v0.0.0

replace github.com/goauth-dev/goauth/authcore => ../authcore
replace github.com/goauth-dev/goauth/authsqlx => ../authsqlx
replace github.com/goauth-dev/goauth/authredis => ../authredis
replace github.com/goauth-dev/goauth/authecho => ../authecho
replace github.com/goauth-dev/goauth/authplugins => ../authplugins
replace github.com/goauth-dev/goauth/authsso => ../authsso
replace github.com/goauth-dev/goauth/authoauthprovider => ../authoauthprovider
