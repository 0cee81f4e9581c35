#include <pkce.h>

#include <QRegularExpression>
#include <QTest>

using namespace Cosmos::Entra;

class tst_Pkce : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void rfc7636Example();
    void generatedVerifierIsValid();
    void verifiersDiffer();
};

void tst_Pkce::rfc7636Example()
{
    // RFC 7636, Appendix B.
    QCOMPARE(Pkce::challengeFor("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
             QByteArray("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"));
}

void tst_Pkce::generatedVerifierIsValid()
{
    const Pkce p = Pkce::generate();
    QVERIFY(p.verifier.size() >= 43 && p.verifier.size() <= 128);
    static const QRegularExpression unreserved(QStringLiteral("^[A-Za-z0-9._~-]+$"));
    QVERIFY(unreserved.match(QString::fromLatin1(p.verifier)).hasMatch());
    QCOMPARE(p.challenge, Pkce::challengeFor(p.verifier));
    QCOMPARE(p.challenge.size(), 43); // SHA-256, Base64url without padding
    QVERIFY(!p.challenge.contains('='));
}

void tst_Pkce::verifiersDiffer()
{
    QVERIFY(Pkce::generate().verifier != Pkce::generate().verifier);
    QVERIFY(randomUrlSafe(16) != randomUrlSafe(16));
}

QTEST_GUILESS_MAIN(tst_Pkce)
#include "tst_pkce.moc"
