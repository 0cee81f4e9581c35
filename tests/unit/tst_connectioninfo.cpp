#include <connectioninfo.h>

#include <QTest>

using namespace Cosmos;

class tst_ConnectionInfo : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void splitsOnFirstEquals();
    void missingParts_data();
    void missingParts();
    void badEndpoint_data();
    void badEndpoint();
    void badBase64Key();
    void emulatorPreset();
    void httpEndpointAccepted();
    void untrustedOnlyForLoopback_data();
    void untrustedOnlyForLoopback();
    void resourceToken();
};

static const QString Key = ConnectionInfo::emulatorKey();

void tst_ConnectionInfo::splitsOnFirstEquals()
{
    CosmosError error;
    // The key ends in "==": only the first '=' of each part separates name and value.
    const ConnectionInfo info = ConnectionInfo::fromConnectionString(
        QStringLiteral("AccountEndpoint=https://acc.documents.azure.com:443/;AccountKey=%1;").arg(Key),
        &error);
    QVERIFY2(!error.isError(), qPrintable(error.message));
    QCOMPARE(info.masterKey, Key.toLatin1());
    QCOMPARE(info.endpoint, QUrl(QStringLiteral("https://acc.documents.azure.com:443/")));
    // Case-insensitive names, any order, spaces and no trailing ';'.
    const ConnectionInfo other = ConnectionInfo::fromConnectionString(
        QStringLiteral(" accountkey=%1 ; ACCOUNTENDPOINT=https://h:8081").arg(Key), &error);
    QVERIFY2(!error.isError(), qPrintable(error.message));
    QCOMPARE(other.masterKey, Key.toLatin1());
    QCOMPARE(other.endpoint.path(), QStringLiteral("/"));
}

void tst_ConnectionInfo::missingParts_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("empty") << QString();
    QTest::newRow("no key") << QStringLiteral("AccountEndpoint=https://h/;");
    QTest::newRow("no endpoint") << QStringLiteral("AccountKey=%1;").arg(Key);
    QTest::newRow("empty key") << QStringLiteral("AccountEndpoint=https://h/;AccountKey=;");
    QTest::newRow("garbage") << QStringLiteral("hello world");
}

void tst_ConnectionInfo::missingParts()
{
    QFETCH(QString, text);
    CosmosError error;
    ConnectionInfo::fromConnectionString(text, &error);
    QCOMPARE(error.kind, CosmosError::Kind::InvalidInput);
    QVERIFY(error.message.contains(QStringLiteral("AccountEndpoint")));
}

void tst_ConnectionInfo::badEndpoint_data()
{
    QTest::addColumn<QString>("endpoint");
    QTest::newRow("no scheme") << QStringLiteral("localhost:8081");
    QTest::newRow("ftp") << QStringLiteral("ftp://host/");
    QTest::newRow("no host") << QStringLiteral("https://");
    QTest::newRow("spaces") << QStringLiteral("https://a b/");
}

void tst_ConnectionInfo::badEndpoint()
{
    QFETCH(QString, endpoint);
    CosmosError error;
    ConnectionInfo::fromEndpointAndKey(endpoint, Key, &error);
    QCOMPARE(error.kind, CosmosError::Kind::InvalidInput);
    QVERIFY(error.message.contains(QStringLiteral("endpoint")));
}

void tst_ConnectionInfo::badBase64Key()
{
    CosmosError error;
    ConnectionInfo::fromEndpointAndKey(QStringLiteral("https://h/"), QStringLiteral("not*base64!"),
                                       &error);
    QCOMPARE(error.kind, CosmosError::Kind::InvalidInput);
    QVERIFY(error.message.contains(QStringLiteral("Base64")));
    ConnectionInfo::fromConnectionString(
        QStringLiteral("AccountEndpoint=https://h/;AccountKey=%%%;"), &error);
    QCOMPARE(error.kind, CosmosError::Kind::InvalidInput);
}

void tst_ConnectionInfo::emulatorPreset()
{
    const ConnectionInfo info = ConnectionInfo::emulator();
    QCOMPARE(info.endpoint, QUrl(QStringLiteral("https://localhost:8081/")));
    QCOMPARE(info.masterKey, Key.toLatin1());
    QVERIFY(info.isLoopback());
    QVERIFY(!info.validate().isError());
}

void tst_ConnectionInfo::httpEndpointAccepted()
{
    CosmosError error;
    const ConnectionInfo info = ConnectionInfo::fromEndpointAndKey(
        QStringLiteral("http://127.0.0.1:8081"), Key, &error);
    QVERIFY2(!error.isError(), qPrintable(error.message));
    QCOMPARE(info.endpoint.scheme(), QStringLiteral("http"));
    QCOMPARE(info.endpoint.port(), 8081);
}

void tst_ConnectionInfo::untrustedOnlyForLoopback_data()
{
    QTest::addColumn<QString>("endpoint");
    QTest::addColumn<bool>("allowed");
    QTest::newRow("localhost") << QStringLiteral("https://localhost:8081/") << true;
    QTest::newRow("LOCALHOST") << QStringLiteral("https://LocalHost:8081/") << true;
    QTest::newRow("127.0.0.1") << QStringLiteral("https://127.0.0.1:8081/") << true;
    QTest::newRow("127.1.2.3") << QStringLiteral("https://127.1.2.3/") << true;
    QTest::newRow("::1") << QStringLiteral("https://[::1]:8081/") << true;
    QTest::newRow("azure") << QStringLiteral("https://acc.documents.azure.com/") << false;
    QTest::newRow("lan") << QStringLiteral("https://192.168.1.5:8081/") << false;
    QTest::newRow("localhost.evil") << QStringLiteral("https://localhost.evil.com/") << false;
}

void tst_ConnectionInfo::untrustedOnlyForLoopback()
{
    QFETCH(QString, endpoint);
    QFETCH(bool, allowed);
    CosmosError error;
    ConnectionInfo info = ConnectionInfo::fromEndpointAndKey(endpoint, Key, &error);
    QVERIFY2(!error.isError(), qPrintable(error.message));
    info.allowUntrustedLocalhost = true;
    QCOMPARE(!info.validate().isError(), allowed);
    QCOMPARE(info.isLoopback(), allowed);
}

void tst_ConnectionInfo::resourceToken()
{
    CosmosError error;
    const ConnectionInfo info = ConnectionInfo::fromResourceToken(
        QStringLiteral("https://h/"), QStringLiteral("dbs/d/colls/c"),
        QStringLiteral("type=resource&ver=1.0&sig=abc"), &error);
    QVERIFY2(!error.isError(), qPrintable(error.message));
    QVERIFY(info.usesResourceTokens());
    ConnectionInfo::fromResourceToken(QStringLiteral("https://h/"), QString(),
                                      QStringLiteral("type=master&ver=1.0&sig=abc"), &error);
    QCOMPARE(error.kind, CosmosError::Kind::InvalidInput);
}

QTEST_GUILESS_MAIN(tst_ConnectionInfo)
#include "tst_connectioninfo.moc"
