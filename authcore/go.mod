module github.com/goauth-dev/goauth/authcore

go 1.26
