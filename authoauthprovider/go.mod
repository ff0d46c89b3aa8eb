module github.com/goauth-dev/goauth/authoauthprovider

go 1.26

require github.com/goauth-dev/goauth/authcore v0.0.0

replace github.com/goauth-dev/goauth/authcore => ../authcore
replace github.com/goauth-dev/goauth/authplugins => ../authplugins
