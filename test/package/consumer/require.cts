// A CommonJS TypeScript file: its imports compile to require(), which TypeScript allows
// only against declarations of a CommonJS module (the package's .d.cts files).
import { RTCPeerConnection, installGlobals, type RTCDataChannel } from 'purertc';
import 'purertc/polyfill';
import { IvfWriter, OggOpusReader, type IvfWriterOptions } from 'purertc/media';

installGlobals();
const pc: RTCPeerConnection = new RTCPeerConnection();
const channel: RTCDataChannel = pc.createDataChannel('typed');
channel.close();
pc.close();
const ivf: IvfWriterOptions = { fourcc: 'VP80', width: 320, height: 240, timebaseRate: 30 };
const header: Uint8Array = new IvfWriter(ivf).start();
new OggOpusReader().push(header.subarray(0, 0));
