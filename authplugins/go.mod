module github.com/goauth-dev/goauth/authplugins

go 1.26

require github.com/goauth-dev/goauth/authcore v0.0.0

replace github.com/goauth-dev/goauth/authcore => ../authcore
