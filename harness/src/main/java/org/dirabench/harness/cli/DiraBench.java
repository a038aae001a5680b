package org.dirabench.harness.cli;

import java.util.concurrent.Callable;
import org.dirabench.datasets.backend.NativeBackend;
import org.dirabench.harness.jobs.Provenance;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code dira-bench} command line: {@code run}, {@code pretrain}, {@code report}, {@code list} and {@code job}.
 * Exit codes: 0 success, 1 a job or the report failed, 2 bad usage or input.
 */
@Command(name = "dira-bench", mixinStandardHelpOptions = true, versionProvider = DiraBench.Version.class,
        description = "Reproduces and measures DiRA (CVPR 2022) against its self-supervised baselines.",
        subcommands = {RunCommand.class, PretrainCommand.class, ReportCommand.class, ListCommand.class,
            JobCommand.class})
public final class DiraBench implements Callable<Integer> {

    /** Reports the code version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"dira-bench " + Provenance.codeVersion()};
        }
    }

    @Override
    public Integer call() {
        CommandLine.usage(this, System.out);
        return 2;
    }

    /**
     * Entry point.
     *
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        NativeBackend.configure();
        CommandLine cl = new CommandLine(new DiraBench());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("dira-bench: " + ex.getMessage());
            if (Boolean.getBoolean("dira.debug")) {
                ex.printStackTrace(cmd.getErr());
            }
            return ex instanceof IllegalArgumentException || ex instanceof java.io.IOException ? 2 : 1;
        });
        System.exit(cl.execute(args));
    }
}
