#include <auth.h>

#include <QTest>

using namespace Cosmos;

class tst_Auth : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void vectors_data();
    void vectors();
    void stringToSignLowercases();
    void headerIsPercentEncoded();
    void httpDateIsRfc1123();
    void invalidKeyGivesEmptyHeader();
    void resourceTokenPicksDeepestLink();
};

static const QByteArray TestKey = "VGhpcyBpcyBhIHNhbXBsZSBzdHJpbmc=";

void tst_Auth::vectors_data()
{
    QTest::addColumn<QString>("verb");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("link");
    QTest::addColumn<QString>("date");
    QTest::addColumn<QString>("signature");
    QTest::newRow("account") << "GET" << "" << "" << "Tue, 21 Jul 2020 17:55:31 GMT"
                             << "4ldo2CcZsh80o/VDqZFPS+3d2O0hTGfsVmhTfnSlE8g=";
    QTest::newRow("dbs") << "GET" << "dbs" << "" << "Tue, 21 Jul 2020 17:55:33 GMT"
                         << "eGk7x5lvE1VKgZ4286y6+axcDJfDbfOFeCDHVg/9sZo=";
    QTest::newRow("post docs")
        << "POST" << "docs"
        << "dbs/92dc837c73484349852a2c8f05777565/colls/ea9ebd7de6aa46d8bc0aa7e29b89236c"
        << "Tue, 21 Jul 2020 17:55:37 GMT" << "dQGGlBUiVh2cX+LCTXt+fCyAkPRpChou//plVECIuyA=";
    QTest::newRow("rid docs") << "GET" << "docs" << "dpztakyoj5g=" << "Tue, 21 Jul 2020 17:55:37 GMT"
                              << "nWZ29vBWEbWx7UZlJP+TzbgHoYCVVy6mz004thDJuPc=";
}

void tst_Auth::vectors()
{
    QFETCH(QString, verb);
    QFETCH(QString, type);
    QFETCH(QString, link);
    QFETCH(QString, date);
    QFETCH(QString, signature);
    const QByteArray header = masterKeyAuthorization(verb, type, link, date, TestKey);
    QCOMPARE(QString::fromUtf8(QByteArray::fromPercentEncoding(header)),
             QStringLiteral("type=master&ver=1.0&sig=") + signature);
}

void tst_Auth::stringToSignLowercases()
{
    QCOMPARE(stringToSign(QStringLiteral("GET"), QStringLiteral("dbs"), QString(),
                          QStringLiteral("Tue, 21 Jul 2020 17:55:33 GMT")),
             QByteArray("get\ndbs\n\ntue, 21 jul 2020 17:55:33 gmt\n\n"));
    // The link keeps its case.
    QVERIFY(stringToSign(QStringLiteral("GET"), QStringLiteral("docs"), QStringLiteral("dbs/MyDb"),
                         QStringLiteral("x"))
                .contains("dbs/MyDb"));
}

void tst_Auth::headerIsPercentEncoded()
{
    const QByteArray header = masterKeyAuthorization(QStringLiteral("GET"), QStringLiteral("dbs"),
                                                     QString(),
                                                     QStringLiteral("Tue, 21 Jul 2020 17:55:33 GMT"),
                                                     TestKey);
    QCOMPARE(header.toLower(),
             QByteArray("type%3dmaster%26ver%3d1.0%26sig%3degk7x5lve1vkgz4286y6%2baxcdjfdbfofecdhvg%2f9szo%3d"));
}

void tst_Auth::httpDateIsRfc1123()
{
    const QDateTime t(QDate(2020, 7, 21), QTime(17, 55, 33), Qt::UTC);
    QCOMPARE(httpDate(t), QStringLiteral("Tue, 21 Jul 2020 17:55:33 GMT"));
}

void tst_Auth::invalidKeyGivesEmptyHeader()
{
    QVERIFY(masterKeyAuthorization(QStringLiteral("GET"), QString(), QString(), QStringLiteral("d"),
                                   "not base64 !!")
                .isEmpty());
}

void tst_Auth::resourceTokenPicksDeepestLink()
{
    ResourceTokens tokens;
    tokens.insert(QStringLiteral("dbs/d"), QStringLiteral("type=resource&ver=1.0&sig=db"));
    tokens.insert(QStringLiteral("/dbs/d/colls/c/"), QStringLiteral("type=resource&ver=1.0&sig=coll"));
    const auto decoded = [&](const QString &path) {
        return QString::fromUtf8(QByteArray::fromPercentEncoding(tokens.authorizationFor(path)));
    };
    QCOMPARE(decoded(QStringLiteral("dbs/d/colls/c/docs/x")), QStringLiteral("type=resource&ver=1.0&sig=coll"));
    QCOMPARE(decoded(QStringLiteral("dbs/d/colls/other")), QStringLiteral("type=resource&ver=1.0&sig=db"));
    QCOMPARE(decoded(QStringLiteral("dbs/d/colls/cc")), QStringLiteral("type=resource&ver=1.0&sig=db"));
    QVERIFY(tokens.authorizationFor(QStringLiteral("dbs/e")).isEmpty());
}

QTEST_GUILESS_MAIN(tst_Auth)
#include "tst_auth.moc"
