#pragma once

#include "arguments.h"
#include "output.h"

#include <cloud.h>
#include <cosmosclient.h>
#include <tokencredential.h>
#include <pager.h>

#include <QElapsedTimer>
#include <QObject>

namespace Cli {

/// Runs one command on the event loop and exits the application with its exit code.
/// Each command family lives in its own file (commands_*.cpp, importexport.cpp).
class Application : public QObject
{
    Q_OBJECT
public:
    explicit Application(QObject *parent = nullptr);

    /// Parses `args` (without the program name), connects and starts the command.
    void start(const QStringList &args);

    // Used by the commands.
    Output &out() { return m_out; }
    Arguments &args() { return m_args; }
    Cosmos::CosmosClient *client() const { return m_client; }
    void finish(int exitCode);
    void fail(const Cosmos::CosmosError &error);
    void usageError(const QString &message);
    bool isFinished() const { return m_finished; }

private:
    Cosmos::ConnectionInfo connectionFromArguments(Cosmos::CosmosError *error);
    /// --cloud, --authority-host, --arm-endpoint, --tenant, --ca-cert and AZURE_* variables.
    bool cloudFromArguments(Cosmos::Entra::CloudSettings *cloud, Cosmos::CosmosError *error);
    /// --auth entra: --device-code, --browser, AZURE_CLIENT_SECRET…, or the Azure CLI.
    std::shared_ptr<Cosmos::Entra::TokenCredential> entraCredential(Cosmos::CosmosError *error);
    void dispatch();

    // Helpers shared by commands.
    bool expectArguments(int count, const QString &synopsis, int maxCount = -1);
    /// Client-side id checks of the positional arguments at `positions` (empty ones skipped).
    bool checkIds(std::initializer_list<int> positions);
    bool partitionKeyOption(const QString &option, bool required, Cosmos::PartitionKey *key);
    bool readJsonObjectFile(const QString &path, QJsonObject *object);
    bool readTextFile(const QString &path, QByteArray *text);
    Cosmos::RequestOptions writeOptions();
    /// --session-token and --max-integrated-cache-staleness; false after a usage error.
    bool addReadOptions(Cosmos::RequestOptions *options);
    Cosmos::ResponseCallback printResource();
    Cosmos::ResponseCallback printDeleted(const QString &what);
    /// Prints each page's items as lines until the end or `maxItems` (-1: all).
    void streamPager(Cosmos::Pager *pager, qint64 maxItems = -1, bool metrics = false);
    /// list | query SQL | show ID | delete ID for children of `parent` of `kind`;
    /// `pos` is the index of the first argument after the subcommand.
    bool genericResourceCommand(const QString &sub, const Cosmos::ResourcePath &parent,
                                Cosmos::ResourceKind kind, int pos, const QString &synopsis,
                                bool pkScoped = false);

    // Commands.
    void runAccount();
    void runDatabase();
    void runContainer();
    void createContainer();
    void runThroughput();
    void runItem();
    void writeItemCommand(Cosmos::CosmosClient::ItemWrite op);
    void runQuery();
    void runSchema();
    /// --log-requests FILE: every HTTP attempt as a JSON line.
    bool openRequestLog();
    void runChangeFeed();
    void runScripts(Cosmos::ResourceKind kind);
    void executeStoredProcedure();
    void runUser();
    void runPermission();
    void runConflicts();
    void runImport();
    void runExport();
    void runAzure();
    void runRole();

    Arguments m_args;
    Output m_out;
    Cosmos::CosmosClient *m_client = nullptr;
    std::shared_ptr<Cosmos::Entra::TokenCredential> m_credential;
    QElapsedTimer m_timer;
    bool m_finished = false;
};

} // namespace Cli
