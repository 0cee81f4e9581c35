#include <jwt.h>
#include <tokencredential.h>

#include <QJsonDocument>
#include <QTest>

using namespace Cosmos::Entra;

static QByteArray part(const QJsonObject &o)
{
    return QJsonDocument(o)
        .toJson(QJsonDocument::Compact)
        .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

static QByteArray token(const QJsonObject &claims)
{
    return part(QJsonObject{{QStringLiteral("alg"), QStringLiteral("RS256")}}) + '.' + part(claims)
           + ".c2lnbmF0dXJl";
}

class tst_Jwt : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void readsClaims();
    void urlSafeAlphabet();
    void malformed_data();
    void malformed();
    void accessTokenIdentity();
    void freshness();
};

void tst_Jwt::readsClaims()
{
    const QJsonObject claims = jwtClaims(token({{QStringLiteral("oid"), QStringLiteral("o-1")},
                                                {QStringLiteral("tid"), QStringLiteral("t-1")},
                                                {QStringLiteral("exp"), 2000000000}}));
    QCOMPARE(claims.value(QStringLiteral("oid")).toString(), QStringLiteral("o-1"));
    QCOMPARE(claims.value(QStringLiteral("tid")).toString(), QStringLiteral("t-1"));
    QCOMPARE(claims.value(QStringLiteral("exp")).toInteger(), 2000000000);
}

void tst_Jwt::urlSafeAlphabet()
{
    // "name":"??>" encodes to Base64 with '+' and '/', which Base64url spells '-' and '_'.
    const QByteArray t = token({{QStringLiteral("name"), QStringLiteral("??>>~~")}});
    QVERIFY(t.contains('-') || t.contains('_'));
    QCOMPARE(jwtClaims(t).value(QStringLiteral("name")).toString(), QStringLiteral("??>>~~"));
}

void tst_Jwt::malformed_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("two parts") << QByteArray("a.b");
    QTest::newRow("not base64") << QByteArray("a.!!!.c");
    QTest::newRow("not json") << QByteArray("a.") + QByteArray("hello").toBase64() + ".c";
}

void tst_Jwt::malformed()
{
    QFETCH(QByteArray, text);
    QVERIFY(jwtClaims(text).isEmpty());
}

void tst_Jwt::accessTokenIdentity()
{
    AccessToken user;
    user.token = token({{QStringLiteral("oid"), QStringLiteral("o-2")},
                        {QStringLiteral("tid"), QStringLiteral("t-2")},
                        {QStringLiteral("preferred_username"), QStringLiteral("ada@contoso.test")},
                        {QStringLiteral("exp"), 2000000000}});
    user.readClaims();
    QCOMPARE(user.objectId, QStringLiteral("o-2"));
    QCOMPARE(user.tenantId, QStringLiteral("t-2"));
    QCOMPARE(user.username, QStringLiteral("ada@contoso.test"));
    QCOMPARE(user.expiresOn.toSecsSinceEpoch(), 2000000000);

    AccessToken app;
    app.token = token({{QStringLiteral("appid"), QStringLiteral("app-1")},
                       {QStringLiteral("idtyp"), QStringLiteral("app")}});
    app.readClaims();
    QCOMPARE(app.username, QStringLiteral("app-1"));
}

void tst_Jwt::freshness()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    AccessToken t;
    t.token = "x";
    t.obtainedOn = now;
    t.expiresOn = now.addSecs(3600);
    QVERIFY(t.isFresh(now));
    QVERIFY(t.isFresh(now.addSecs(3600 - 301)));
    QVERIFY(!t.isFresh(now.addSecs(3600 - 299))); // renewed 5 minutes before expiry
    t.expiresOn = now.addSecs(60);                // short-lived: renewed at half its life
    QVERIFY(t.isFresh(now.addSecs(29)));
    QVERIFY(!t.isFresh(now.addSecs(31)));
    t.token.clear();
    QVERIFY(!t.isFresh(now));
}

QTEST_GUILESS_MAIN(tst_Jwt)
#include "tst_jwt.moc"
