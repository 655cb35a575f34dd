// A CommonJS TypeScript file: its imports compile to require(), which TypeScript allows
// only against declarations of a CommonJS module (the package's .d.cts files).
import { RTCPeerConnection, installGlobals, type RTCDataChannel } from 'purertc';
import 'purertc/polyfill';

installGlobals();
const pc: RTCPeerConnection = new RTCPeerConnection();
const channel: RTCDataChannel = pc.createDataChannel('typed');
channel.close();
pc.close();
