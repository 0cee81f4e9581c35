#include <locationcache.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>

using Cosmos::Routing::LocationCache;

// Which endpoint a request goes to: the account's regions, preferred regions, failed ones.
class tst_LocationCache : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void beforeDiscoveryEverythingGoesToTheDefault();
    void accountOrderWithoutPreferences();
    void preferredRegionsFirst();
    void failedEndpointsGoLast();
    void accountWithoutLocationsIsIgnored();
    void oneRegionKeepsTheDefaultEndpoint();
};

static QJsonObject account(const QStringList &readable, const QString &write)
{
    const auto loc = [](const QString &name) {
        return QJsonObject{{"name", name},
                           {"databaseAccountEndpoint",
                            QStringLiteral("https://acc-%1.example.com:443/")
                                .arg(name.toLower().remove(QLatin1Char(' ')))}};
    };
    QJsonArray r;
    for (const QString &n : readable)
        r.append(loc(n));
    return QJsonObject{{"writableLocations", QJsonArray{loc(write)}},
                       {"readableLocations", r},
                       {"userConsistencyPolicy",
                        QJsonObject{{"defaultConsistencyLevel", "Session"}}}};
}

static QUrl url(const QString &name)
{
    return QUrl(QStringLiteral("https://acc-%1.example.com:443/")
                    .arg(name.toLower().remove(QLatin1Char(' '))));
}

void tst_LocationCache::beforeDiscoveryEverythingGoesToTheDefault()
{
    const QUrl def(QStringLiteral("https://acc.example.com:443/"));
    LocationCache cache(def, {QStringLiteral("West US")});
    QVERIFY(!cache.isDiscovered());
    QCOMPARE(cache.writeEndpoint(), def);
    QCOMPARE(cache.readEndpoints(), QList<QUrl>{def});
    QCOMPARE(cache.regionOf(def), QString());
}

void tst_LocationCache::accountOrderWithoutPreferences()
{
    LocationCache cache(QUrl(QStringLiteral("https://acc.example.com/")));
    QVERIFY(cache.update(account({"East US", "West US", "North Europe"}, "East US")));
    QCOMPARE(cache.writeEndpoint(), url("East US"));
    QCOMPARE(cache.readEndpoints(),
             (QList<QUrl>{url("East US"), url("West US"), url("North Europe")}));
    QCOMPARE(cache.writeRegion(), QStringLiteral("East US"));
    QCOMPARE(cache.accountConsistency(), QStringLiteral("Session"));
    // the default endpoint first when the account is read again
    QCOMPARE(cache.allEndpoints().first(), QUrl(QStringLiteral("https://acc.example.com/")));
}

void tst_LocationCache::preferredRegionsFirst()
{
    LocationCache cache(QUrl(QStringLiteral("https://acc.example.com/")),
                        {QStringLiteral("north europe"), QStringLiteral("Nowhere"),
                         QStringLiteral("West US")});
    QVERIFY(cache.update(account({"East US", "West US", "North Europe"}, "East US")));
    // preferred ones that exist, in the order given (case-insensitive), then the others
    QCOMPARE(cache.readEndpoints(),
             (QList<QUrl>{url("North Europe"), url("West US"), url("East US")}));
    QCOMPARE(cache.writeEndpoint(), url("East US")); // writes ignore preferences
}

void tst_LocationCache::failedEndpointsGoLast()
{
    LocationCache cache(QUrl(QStringLiteral("https://acc.example.com/")),
                        {QStringLiteral("West US")});
    QVERIFY(cache.update(account({"East US", "West US"}, "East US")));
    cache.markUnavailable(url("West US"));
    QCOMPARE(cache.readEndpoints(), (QList<QUrl>{url("East US"), url("West US")}));
    cache.markUnavailable(url("East US"));
    QCOMPARE(cache.readEndpoints().size(), 2); // all failed: still tried, never empty
}

void tst_LocationCache::accountWithoutLocationsIsIgnored()
{
    const QUrl def(QStringLiteral("https://acc.example.com/"));
    LocationCache cache(def);
    QVERIFY(!cache.update(QJsonObject{{"id", "acc"}}));
    const QJsonObject ftp{{"name", "x"}, {"databaseAccountEndpoint", "ftp://x/"}};
    QVERIFY(!cache.update(QJsonObject{{"readableLocations", QJsonArray{ftp}}}));
    QCOMPARE(cache.readEndpoints(), QList<QUrl>{def});
}

void tst_LocationCache::oneRegionKeepsTheDefaultEndpoint()
{
    const QUrl def(QStringLiteral("https://localhost:8081/"));
    LocationCache cache(def);
    QVERIFY(cache.update(account({"South Central US"}, "South Central US")));
    QCOMPARE(cache.writeEndpoint(), def);
    QCOMPARE(cache.readEndpoints(), QList<QUrl>{def});
    QCOMPARE(cache.regionOf(def), QStringLiteral("South Central US"));
}

QTEST_GUILESS_MAIN(tst_LocationCache)
#include "tst_locationcache.moc"
